"""News ingestion: an article in, treaty events with their evidence out."""

"""Model discovery and loading: the embedded default, user GGUF files, metadata, server backend."""

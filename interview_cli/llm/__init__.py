"""Model discovery and loading (embedded default, user GGUF files, metadata); a server client."""

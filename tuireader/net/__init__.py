"""The network: one polite, bounded HTTP GET, body decoding and TLS."""

"""The petition signature log: its byte formats and Merkle tree, readable without Django."""

"""Stand-ins for external identity services, for the demo and tests only; never for production."""

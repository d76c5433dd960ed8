"""Python client for the convoscore conversation-quality service."""

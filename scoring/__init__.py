"""Transport-free scoring engine: thread model, structure metrics, text model, thread scores."""

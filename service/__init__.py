"""The convoscore service: command line, gRPC server, scheduler, metrics."""

"""One module per `hydra-router` subcommand: argument parsing and output only."""

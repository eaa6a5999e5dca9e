"""``python -m negsim`` runs the command line."""

from negsim.cli import main

if __name__ == "__main__":
    main()

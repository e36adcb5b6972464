"""Allow ``python -m triangulate``."""

from triangulate.cli import main

if __name__ == "__main__":
    main()

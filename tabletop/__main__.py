"""Allow ``python -m tabletop``."""

from tabletop.cli import main

raise SystemExit(main())

"""``python -m monitor`` is ``wenzheng``."""

from monitor.cli import main

main()

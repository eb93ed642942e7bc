"""``python -m tahqiq.server``: the workbench without the ``tahqiq`` command."""

from tahqiq.server.run import main

main()

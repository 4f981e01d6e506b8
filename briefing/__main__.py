from briefing.cli import main

raise SystemExit(main())

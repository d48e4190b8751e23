from itscm_desktop.cli import main

raise SystemExit(main())

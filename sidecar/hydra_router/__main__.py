from hydra_router.cli import main

raise SystemExit(main())

from briefing.cli import main

if __name__ == "__main__":  # not again in a spawned process (Dask's LocalCluster workers)
    raise SystemExit(main())

from netwerk.cli.main import main

main()

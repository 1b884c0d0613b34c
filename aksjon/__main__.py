from aksjon.cli import main

main()

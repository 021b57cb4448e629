def main() -> int:
    from scanstation.cli import main as cli_main
    return cli_main(["demo"])

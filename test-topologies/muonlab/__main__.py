"""python3 -m muonlab clean [--all]: tear down labs and controllers left by crashed runs.

Only run directories under MUON_LAB_DIR (default /tmp/muonlab) are touched; without --all,
only those whose owning Python process is gone."""
import argparse
import sys

from .rundir import BASE, clean_stale


def main(argv=None):
    parser = argparse.ArgumentParser(prog='python3 -m muonlab')
    sub = parser.add_subparsers(dest='cmd', required=True)
    clean = sub.add_parser('clean', help='tear down labs and controllers of dead test runs')
    clean.add_argument('--all', action='store_true', help='also those of live runs (all under %s)' % BASE)
    args = parser.parse_args(argv)
    if args.cmd == 'clean':
        for name in clean_stale(everything=args.all):
            print('cleaned %s/%s' % (BASE, name))
    return 0


if __name__ == '__main__':
    sys.exit(main())

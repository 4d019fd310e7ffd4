import sys

from .slugify import slugify


def main():
    print(slugify(" ".join(sys.argv[1:])))


if __name__ == "__main__":
    main()

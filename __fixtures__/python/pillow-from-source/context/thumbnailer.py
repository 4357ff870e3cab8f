import pathlib
import sys

from PIL import Image

for path in pathlib.Path(sys.argv[1]).glob("*.jpg"):
    with Image.open(path) as image:
        image.thumbnail((128, 128))
        image.save(path.with_suffix(".thumb.jpg"))

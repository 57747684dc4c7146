# Sourced by the img-batch tests: real image files made here.

# img_files DIR: scan.tif (3 pages), doc.pdf (4 pages), pic.jpg, pic.png.
img_files() {
	mkdir -p "$1"
	python3 "$SRCDIR/tests/cli/img_files.py" tiff "$1/scan.tif" 3
	python3 "$SRCDIR/tests/cli/img_files.py" pdf "$1/doc.pdf" 4
	python3 "$SRCDIR/tests/cli/img_files.py" png "$1/pic.png"
	python3 "$SRCDIR/tests/cli/img_files.py" ppm "$1/pic.ppm"
	cjpeg "$1/pic.ppm" >"$1/pic.jpg"
	rm "$1/pic.ppm"
	qpdf --check "$1/doc.pdf" >/dev/null || fail "test PDF is not valid"
}

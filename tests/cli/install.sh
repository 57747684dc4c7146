#!/bin/sh
# cmake --install puts the programs and their manuals under a prefix, and
# man finds them there; cpack -G DEB makes a package of the same files.
. "$SRCDIR/tests/cli/lib.sh"
cd "$T"
run cmake --install "$BINDIR" --prefix "$T/p"
expect_rc 0 "cmake --install"
for prog in claim-batch claim-upload claim-remit claim-settle img-batch \
    notify-queue; do
	[ -x "$T/p/bin/$prog" ] || fail "$prog not installed in bin"
	[ -f "$T/p/share/man/man1/$prog.1" ] || fail "$prog.1 not installed"
	cmp -s "$T/p/share/man/man1/$prog.1" "$SRCDIR/man/man1/$prog.1" ||
	    fail "$prog.1 installed differs"
done
[ -f "$T/p/share/man/man5/claimkit.5" ] || fail "claimkit.5 not installed"
[ -f "$T/p/share/man/man7/claimkit.7" ] || fail "claimkit.7 not installed"
run "$T/p/bin/claim-batch" --version
expect_out "claim-batch (claimkit) " "installed claim-batch runs"
# nothing but the programs and the manuals: no library, no headers, no
# test programs
expect_eq "$(cd "$T/p" && find . -type f | grep -v '^\./bin/\(claim\|img\|notify\)-[a-z]*$' |
    grep -v '^\./share/man/man[157]/[a-z-]*\.[157]$')" "" "installed files"
for f in "$SRCDIR"/man/man*/*.[157]; do
	s=${f##*.}
	[ -f "$T/p/share/man/man$s/${f##*/}" ] || fail "${f##*/} not installed"
done

if command -v man >/dev/null && man --version 2>/dev/null | grep -q man-db; then
	run env MANPATH="$T/p/share/man" man -w claim-batch
	expect_rc 0 "man -w claim-batch"
	expect_eq "$(cat "$T/out")" "$T/p/share/man/man1/claim-batch.1" "man -w claim-batch"
	run env MANPATH="$T/p/share/man" man -w 5 claimkit
	expect_eq "$(cat "$T/out")" "$T/p/share/man/man5/claimkit.5" "man -w 5 claimkit"
fi

# The .deb: the same files under /usr, and Depends on what is linked.
if command -v cpack >/dev/null && command -v dpkg-deb >/dev/null &&
    command -v dpkg-shlibdeps >/dev/null; then
	run cpack -G DEB --config "$BINDIR/CPackConfig.cmake" -B "$T/pkg"
	expect_rc 0 "cpack -G DEB"
	deb=$(ls "$T"/pkg/claimkit_*.deb 2>/dev/null | head -1)
	if [ -n "$deb" ]; then
		dpkg-deb -c "$deb" >contents
		for f in ./usr/bin/claim-batch ./usr/bin/claim-upload \
		    ./usr/bin/claim-settle ./usr/share/man/man1/claim-batch.1 \
		    ./usr/share/man/man5/claimkit.5 ./usr/share/man/man7/claimkit.7; do
			grep -q " $f\$" contents || fail "$f not in the .deb"
		done
		expect_eq "$(dpkg-deb -f "$deb" Package)" claimkit "Package"
		depends=$(dpkg-deb -f "$deb" Depends)
		for lib in libsqlite3-0 libcsv3 libcurl4 libssl3; do
			case "$depends" in
			*"$lib"*) ;;
			*) fail "Depends lacks $lib: $depends" ;;
			esac
		done
	else
		fail "cpack made no .deb: $(cat "$T/err")"
	fi
fi
finish

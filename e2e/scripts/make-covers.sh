#!/usr/bin/env bash
# A music folder with cover art for the cover-art journey, made with sox, lame, flac, oggenc and
# ffmpeg: an mp3 with its cover in ID3 (APIC), a flac with a PICTURE block, and an ogg without a
# picture beside the folder's cover.jpg. Each picture has its own size, so a test can tell them
# apart. Usage: make-covers.sh OUTDIR STAMP (the stamp goes into the tags: each run adds new files)
set -euo pipefail
out=${1:?usage: make-covers.sh OUTDIR STAMP}
stamp=${2:?usage: make-covers.sh OUTDIR STAMP}
mkdir -p "$out/embedded" "$out/folder"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
q() { "$@" >/dev/null 2>&1; }
picture() { q ffmpeg -y -f lavfi -i "color=c=$1:size=$2:rate=1" -frames:v 1 "$3"; }
sox -n -r 44100 -b 16 -c 2 "$tmp/a.wav" synth 12 sine 392 sine 588 gain -n -6
picture red 64x64 "$tmp/red.jpg"
picture green 80x80 "$tmp/green.png"
picture blue 96x96 "$tmp/cover.jpg"
lame --quiet -b 128 --cbr --ta "Cover Artist" --tt "Apic $stamp" --tl "Covers $stamp" \
  --ti "$tmp/red.jpg" "$tmp/a.wav" "$out/embedded/01-apic.mp3"
flac -s -f --picture="$tmp/green.png" -T "ARTIST=Cover Artist" -T "TITLE=Picture $stamp" \
  -T "ALBUM=Covers $stamp" -o "$out/embedded/02-picture.flac" "$tmp/a.wav"
oggenc -Q -q 3 -a "Cover Artist" -t "Folder $stamp" -l "Covers $stamp" -o "$out/folder/03-folder.ogg" "$tmp/a.wav"
cp "$tmp/cover.jpg" "$out/folder/cover.jpg"

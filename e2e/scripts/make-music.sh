#!/usr/bin/env bash
# The music folder the e2e journeys add: six 12 s files with distinct tags, made with sox, lame
# and oggenc (and a broken one the add must skip). Usage: make-music.sh OUTDIR
set -euo pipefail
out=${1:?usage: make-music.sh OUTDIR}
mkdir -p "$out"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
i=0
for spec in "Aurora Lane:Morning Tide:220" "Aurora Lane:Evening Tide:247" "Basalt:Granite Steps:262" \
  "Basalt:Quartz:294" "Cirrus:High Wind:330" "Cirrus:Low Cloud:349"; do
  IFS=: read -r artist title freq <<<"$spec"
  i=$((i + 1))
  sox -n -r 44100 -b 16 -c 2 "$tmp/$i.wav" synth 12 sine "$freq" sine $((freq * 3 / 2)) gain -n -6
  name=$(printf '%02d-%s' "$i" "$(echo "$title" | tr 'A-Z ' 'a-z-')")
  if [ $i -eq 4 ]; then
    oggenc -Q -q 3 -a "$artist" -t "$title" -l "e2e Album" -d 2025 -o "$out/$name.ogg" "$tmp/$i.wav"
  else
    lame --quiet -b 128 --cbr --ta "$artist" --tt "$title" --tl "e2e Album" --ty 2025 "$tmp/$i.wav" "$out/$name.mp3"
  fi
done
head -c 4000 /dev/urandom >"$out/99-broken.mp3"

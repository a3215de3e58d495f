#!/usr/bin/env bash
# Remakes the shipped demo library (scripts/demo-library) with sox, lame, oggenc, opusenc and flac.
# The files are committed so that `npm run up` needs no encoders; this script shows how they were made.
set -euo pipefail
out=$(cd "$(dirname "$0")" && pwd)/demo-library
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT; cd "$tmp"
note() { sox -n -r 44100 -b 16 -c 2 "$1" synth "$2" pluck "$3" fade 0 "$2" 0.1 gain -n -6; }
i=0; for n in C4 E4 G4 C5 G4 E4 C4 D4 F4 A4 D5 A4 F4 D4 E4 G4; do note "n$i.wav" 0.75 $n; i=$((i+1)); done
sox $(ls n*.wav | sort -V) tune1.wav
i=0; for n in A3 C4 E4 A4 E4 C4 G3 B3 D4 G4 D4 B3 F3 A3 C4 F4; do note "m$i.wav" 0.75 $n; i=$((i+1)); done
sox $(ls m*.wav | sort -V) tune2.wav
mkdir -p "$out"
lame --quiet -b 128 --cbr --ta "paraweb demo" --tt "Arpeggio in C" --tl "Demo Library" --ty 2026 --tc "made with sox and lame" tune1.wav "$out/01-arpeggio-in-c.mp3"
oggenc -Q -q 3 -a "paraweb demo" -t "Minor Walk" -l "Demo Library" -d 2026 -c "COMMENT=made with sox and oggenc" -o "$out/02-minor-walk.ogg" tune2.wav
sox tune1.wav -r 48000 tune1-48.wav speed 0.9
opusenc --quiet --bitrate 64 --artist "paraweb demo" --title "Slow Arpeggio" --album "Demo Library" --date 2026 tune1-48.wav "$out/03-slow-arpeggio.opus"
sox tune2.wav -c 1 -r 22050 tune2m.wav
flac -s -f -8 -T "ARTIST=paraweb demo" -T "TITLE=Minor Walk (mono)" -T "ALBUM=Demo Library" -T "DATE=2026" -o "$out/04-minor-walk-mono.flac" tune2m.wav

#!/usr/bin/env bash
# Regenerates the demo site's committed binaries under assets/demo/ (run once, by hand, from the
# repository root; needs ffmpeg with libx264, iconv and node). The server never calls ffmpeg:
# it serves these files as they are (mp4) or encrypts them per request (HLS segments).
# Re-running on another ffmpeg build may give other bytes; the manifest is rewritten to match.
set -euo pipefail
cd "$(dirname "$0")/.."
out=assets/demo
# bitexact + one thread: the same ffmpeg build gives the same bytes on every run.
common=(-hide_banner -loglevel error -y)
exact=(-threads 1 -fflags +bitexact -flags:v +bitexact -flags:a +bitexact -map_metadata -1)
x264=(-c:v libx264 -preset veryfast -pix_fmt yuv420p -profile:v main -sc_threshold 0)

# --- HLS: plain MPEG-TS segments, 2 s each (a keyframe every 2 s, so every cut is exact) ---
hls() { # hls <dir> <lavfi source> <seconds> <crf>
  local dir=$out/hls/$1
  rm -rf "$dir" && mkdir -p "$dir"
  ffmpeg "${common[@]}" -f lavfi -i "$2" -t "$3" "${x264[@]}" -crf "$4" -g 50 -keyint_min 50 \
    "${exact[@]}" -f hls -hls_time 2 -hls_list_size 0 -hls_segment_filename "$dir/seg%03d.ts" "$dir/index.m3u8"
  # index.m3u8 is read (segment durations) and removed by gen-demo-assets.mjs
}
hls lesson   'testsrc=size=320x180:rate=25'                        16 30
hls multi/v1 'testsrc2=size=160x90:rate=25'                        12 30
hls multi/v2 'mandelbrot=size=320x180:rate=25'                     12 30
hls multi/v3 'testsrc2=size=480x270:rate=25,hue=h=120'             16 32

# --- mp4 files of the video channel: ~6 s, 320x180, H.264 + AAC, moov first ---
mp4() { # mp4 <id> <lavfi video> <tone Hz>
  mkdir -p $out/mp4
  ffmpeg "${common[@]}" -f lavfi -i "$2" -f lavfi -i "sine=frequency=$3:sample_rate=22050" -t 6 \
    "${x264[@]}" -b:v 320k -maxrate 360k -bufsize 720k -g 50 -c:a aac -b:a 32k -ac 1 \
    "${exact[@]}" -movflags +faststart "$out/mp4/$1.mp4"
}
mp4 1737592 'testsrc2=size=320x180:rate=25'               440
mp4 1737631 'mandelbrot=size=320x180:rate=25'             523
mp4 1737688 'life=size=320x180:rate=25:seed=7:mold=10:ratio=0.2,scale=320:180' 587
mp4 1737702 'testsrc=size=320x180:rate=25,hue=h=200'      659
mp4 1737745 'smptebars=size=320x180:rate=25,noise=alls=20:allf=t+u:all_seed=3' 698

# --- encodings: the UTF-8 sources (committed, hand-written) converted once ---
enc=$out/encodings
for name in index 1 2 3 meta; do iconv -f UTF-8 -t GBK "$enc/$name.utf8.html" > "$enc/$name.gbk.html"; done
iconv -f UTF-8 -t GB18030 "$enc/gb18030.utf8.html" > "$enc/gb18030.gb18030.html"

# --- manifest: sizes and sha256 of every committed binary, read by src/demo/assets.ts ---
node scripts/gen-demo-assets.mjs

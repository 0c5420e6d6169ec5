#!/bin/sh
# Names the model files' checksums in the sources that link them (a new file must change the source that includes
# it, or SwiftPM keeps the old object), and in Models/*.sha256. Run from the project root after regenerating.
set -eu
enc=$(sha256sum Models/encoder.bin | cut -d' ' -f1)
heads=$(sha256sum Models/sentence-heads.tsv | cut -d' ' -f1)
sit=$(sha256sum Models/situation-head.tsv | cut -d' ' -f1)
text=$(sha256sum Models/text-heads.tsv | cut -d' ' -f1)
echo "$enc  encoder.bin" > Models/encoder.sha256
sed -i "s|^// encoder sha256: .*|// encoder sha256: $enc|" Sources/CEncoderWeights/encoder.S
sed -i "s|^// sentence-heads sha256: .*|// sentence-heads sha256: $heads|; s|^// situation-head sha256: .*|// situation-head sha256: $sit|; s|^// text-heads sha256: .*|// text-heads sha256: $text|" \
  Sources/CEncoderWeights/heads.S

#!/bin/sh
# pot.sh — extract the interface messages of src/ into a PO template.
# Usage: tools/pot.sh OUT.pot   (run from the repository root)
# `make pot` writes po/lifelong.pot with it; tests/unit/test_catalogue.c
# extracts afresh with it to check that every po/LANG.po translates every
# message the source uses. The keywords are the helpers of
# src/pages/pages.h: tr, trp (context), trn (plural), N_/NC_ (marks in
# static tables), html_tr, html_trf, html_trnf, html_count; and
# portal_trf/portal_trnf (src/pages/portal.h). A new function that takes a
# msgid needs its -k keyword here.
set -eu
out=${1:?usage: tools/pot.sh OUT.pot}
files=$(find src -name '*.c' | LC_ALL=C sort)
exec xgettext --language=C --from-code=UTF-8 --add-comments=TRANSLATORS: \
  --sort-by-file --no-wrap --package-name=lifelong \
  --copyright-holder="lifelong contributors" \
  --msgid-bugs-address="the lifelong issue tracker" \
  -k -ktr:2 -ktrp:2c,3 -ktrn:2,3 -kN_ -kNC_:1c,2 \
  -khtml_tr:2 -khtml_trf:2 -khtml_trnf:2,3 -khtml_count:2,3 \
  -kportal_trf:3 -kportal_trnf:3,4 \
  --flag=portal_trf:3:c-format --flag=portal_trnf:3:c-format --flag=portal_trnf:4:c-format \
  --flag=tr:2:pass-c-format --flag=trp:3:pass-c-format \
  --flag=trn:2:pass-c-format --flag=trn:3:pass-c-format \
  --flag=html_trf:2:c-format --flag=html_trnf:2:c-format --flag=html_trnf:3:c-format \
  --flag=html_count:2:c-format --flag=html_count:3:c-format \
  --flag=html_fmt:2:c-format --flag=buf_printf:2:c-format --flag=req_fail:3:c-format \
  -o "$out" $files

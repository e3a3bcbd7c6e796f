#!/usr/bin/env bash
# Copies the screenshots the browser journeys wrote (desktop, and 320 px phone under phone/) into docs/manual/screenshots,
# where the manuals show them. Run after build/test.sh (or a Web.Tests run) when the screens changed:
#   build/screenshots.sh [path to the tests' screenshots folder]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
from=${1:-$root/tests/Web.Tests/bin/Release/net10.0/screenshots}
to=$root/docs/manual/screenshots
[ -d "$from" ] || { echo "No screenshots in $from: run build/test.sh first." >&2; exit 1; }
mkdir -p "$to/phone"
# The pages the manuals show (Czech and English, desktop and phone).
for name in dog-form-error dog-form-reduction dog-form-summary dog-form-sent keyboard-error-summary citizen-timeline \
            citizen-home clerk-case-confirm clerk-case-decided en-home en-forms en-form-errors en-submissions fees-overview \
            statement-report profile-sessions nia-emulator cs-admin-statistics en-admin-statistics cs-admin-staff cs-clerk-inbox cs-clerk-home cs-clerk-case en-clerk-case cs-clerk-register \
            messages message-settings submission-decided arrears designer-list designer-edit designer-field-editor designer-preview designer-history; do
  for kind in "" phone/; do
    if [ -f "$from/$kind$name.png" ]; then cp "$from/$kind$name.png" "$to/$kind$name.png"; fi
  done
done
ls "$to" "$to/phone" | wc -l

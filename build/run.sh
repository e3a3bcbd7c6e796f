#!/usr/bin/env bash
# The README's first command: restore, build, start PostgreSQL (unless ConnectionStrings__Portal is set),
# start the NIA emulator, seed the demo town and serve the portal on http://localhost:5080. Ctrl-C stops it all.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
source build/pg.sh

data="$root/.data"
mkdir -p "$data"
PORTAL_PORT=${PORTAL_PORT:-5080}
NIA_PORT=${NIA_PORT:-5090}
GATEWAY_PORT=${GATEWAY_PORT:-5091}
pids=()

cleanup() {
  trap - EXIT INT TERM
  for pid in "${pids[@]:-}"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [ -n "${own_pg:-}" ] && pg_stop "$data/pg"
  echo "Stopped."
}
trap cleanup EXIT INT TERM

command -v dotnet >/dev/null || { echo "The .NET 10 SDK is required (https://dot.net)." >&2; exit 1; }

echo "==> Restoring and building"
dotnet build Portal.sln -c Release -nologo -v quiet

if [ -z "${ConnectionStrings__Portal:-}" ]; then
  echo "==> Starting PostgreSQL (data in .data/pg)"
  pg_ensure_binaries
  pg_port=${PG_PORT:-55432}
  pg_start "$data/pg" "$pg_port"
  own_pg=1
  pg_createdb "$pg_port" portal
  export ConnectionStrings__Portal="Host=127.0.0.1;Port=$pg_port;Database=portal;Username=postgres"
else
  echo "==> Using the database in ConnectionStrings__Portal"
fi

# The first administrator's password is generated once and kept in the git-ignored .data folder.
if [ ! -f "$data/admin-password" ]; then
  python3 -c 'import secrets; print(secrets.token_urlsafe(15))' > "$data/admin-password"
fi
nia_secret_file="$data/nia-client-secret"
[ -f "$nia_secret_file" ] || python3 -c 'import secrets; print(secrets.token_urlsafe(24))' > "$nia_secret_file"

export ASPNETCORE_ENVIRONMENT=${ASPNETCORE_ENVIRONMENT:-Development}
export Portal__PublicBaseUrl="http://localhost:$PORTAL_PORT"
export Identity__InitialAdmin__Email=${Identity__InitialAdmin__Email:-admin@demo.portal}
export Identity__InitialAdmin__Password=${Identity__InitialAdmin__Password:-$(cat "$data/admin-password")}
export Identity__DemoData__Enabled=true
export Fees__DemoData__Enabled=true
export Filing__DemoData__Enabled=true
export Identity__DemoData__CredentialsFile="$data/demo-credentials.txt"
export Email__PickupDirectory="$data/mail"

if [ -z "${Identity__Nia__Authority:-}" ]; then
  echo "==> Starting the NIA emulator on http://localhost:$NIA_PORT"
  export Identity__Nia__Enabled=true
  export Identity__Nia__Authority="http://localhost:$NIA_PORT/fpsts/oidc"
  export Identity__Nia__RequireHttpsMetadata=false
  export Identity__Nia__ClientId="http://localhost:$PORTAL_PORT/"
  export Identity__Nia__ClientSecret=$(cat "$nia_secret_file")
  Emulator__PublicUrl="http://localhost:$NIA_PORT/" \
  Emulator__Clients__0__ClientId="$Identity__Nia__ClientId" \
  Emulator__Clients__0__ClientSecret="$Identity__Nia__ClientSecret" \
  Emulator__Clients__0__RedirectUris__0="http://localhost:$PORTAL_PORT/signin-nia" \
  Emulator__Clients__0__PostLogoutRedirectUris__0="http://localhost:$PORTAL_PORT/signout-callback-nia" \
    bash -c 'cd src/Tools/NiaEmulator && exec dotnet bin/Release/net10.0/NiaEmulator.dll --urls "$0"' "http://localhost:$NIA_PORT" >"$data/nia-emulator.log" 2>&1 &
  pids+=($!)
fi

gateway_secret_file="$data/gateway-secret"
[ -f "$gateway_secret_file" ] || python3 -c 'import secrets; print(secrets.token_urlsafe(24))' > "$gateway_secret_file"
if [ -z "${Payments__ComGate__BaseUrl:-}" ]; then
  echo "==> Starting the card gateway emulator (ComGate protocol) on http://localhost:$GATEWAY_PORT"
  export Payments__ComGate__BaseUrl="http://localhost:$GATEWAY_PORT"
  export Payments__ComGate__MerchantId=portal-demo
  export Payments__ComGate__Secret=$(cat "$gateway_secret_file")
  Gateway__PublicUrl="http://localhost:$GATEWAY_PORT/" \
  Gateway__Merchants__0__Id="$Payments__ComGate__MerchantId" \
  Gateway__Merchants__0__Secret="$Payments__ComGate__Secret" \
  Gateway__Merchants__0__NotifyUrl="http://localhost:$PORTAL_PORT/api/payments/comgate" \
  Gateway__Merchants__0__ReturnUrl="http://localhost:$PORTAL_PORT/Payments/Return?id=\${id}&refId=\${refId}" \
    bash -c 'cd src/Tools/GatewayEmulator && exec dotnet bin/Release/net10.0/GatewayEmulator.dll --urls "$0"' "http://localhost:$GATEWAY_PORT" >"$data/gateway-emulator.log" 2>&1 &
  pids+=($!)
fi

echo "==> Serving the portal on http://localhost:$PORTAL_PORT (Ctrl-C stops everything)"
(cd src/Host/Portal.Host && dotnet bin/Release/net10.0/Portal.Host.dll --urls "http://localhost:$PORTAL_PORT") &
pids+=($!)

for _ in $(seq 1 60); do
  curl -fs "http://localhost:$PORTAL_PORT/health/ready" >/dev/null 2>&1 && break
  sleep 1
done
echo
echo "Portal:          http://localhost:$PORTAL_PORT"
echo "E-mails (dev):   http://localhost:$PORTAL_PORT/Dev/Mail"
echo "Administrator:   $Identity__InitialAdmin__Email / $Identity__InitialAdmin__Password"
[ -f "$data/demo-credentials.txt" ] && cat "$data/demo-credentials.txt"
echo "NIA emulator:    pick a demo person or type a new one when you sign in through NIA"
echo "Card gateway:    the emulator's page offers Pay / Cancel (no real card is charged)"
wait "${pids[-1]}"

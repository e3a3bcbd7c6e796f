#!/usr/bin/env bash
# The README's first command: restore, build, start PostgreSQL (unless ConnectionStrings__Portal is set),
# start the NIA and card gateway emulators, seed two demo towns and serve the portal on port 5080:
#   http://localhost:5080 and http://mesto-demo.localhost:5080  Město Demo (the first town)
#   http://obec-vzor.localhost:5080                             Obec Vzor (the second town)
#   http://platforma.localhost:5080                             the platform operator's console
# (*.localhost reaches this machine in browsers and curl without any setup.) Ctrl-C stops it all.
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

nia_secret_b_file="$data/nia-client-secret-obec-vzor"
[ -f "$nia_secret_b_file" ] || python3 -c 'import secrets; print(secrets.token_urlsafe(24))' > "$nia_secret_b_file"
gateway_secret_file="$data/gateway-secret"
[ -f "$gateway_secret_file" ] || python3 -c 'import secrets; print(secrets.token_urlsafe(24))' > "$gateway_secret_file"
gateway_secret_b_file="$data/gateway-secret-obec-vzor"
[ -f "$gateway_secret_b_file" ] || python3 -c 'import secrets; print(secrets.token_urlsafe(24))' > "$gateway_secret_b_file"

a_url="http://localhost:$PORTAL_PORT"
b_url="http://obec-vzor.localhost:$PORTAL_PORT"
platform_url="http://platforma.localhost:$PORTAL_PORT"
admin_email=${Identity__InitialAdmin__Email:-admin@demo.portal}
admin_password=${Identity__InitialAdmin__Password:-$(cat "$data/admin-password")}
operator_email=${Platform__Operator__Email:-provoz@demo.portal}

export ASPNETCORE_ENVIRONMENT=${ASPNETCORE_ENVIRONMENT:-Development}
export Identity__DemoData__Enabled=true
export Fees__DemoData__Enabled=true
export Filing__DemoData__Enabled=true
export Identity__DemoData__CredentialsFile="$data/demo-credentials.txt"
export Email__PickupDirectory="$data/mail"

# The platform's console and its operator (a role of the provider, not of a town).
export Platform__HostNames__0=platforma.localhost
export Platform__PublicBaseUrl="$platform_url"
export Platform__Operator__Email="$operator_email"
export Platform__Operator__Password="$admin_password"

# The two towns: each its own host names, podací deník prefix, fee account, NIA registration and card merchant.
export Towns__Initial__0__Id=mesto-demo
export Towns__Initial__0__Name="Město Demo"
export Towns__Initial__0__HostNames__0=localhost
export Towns__Initial__0__HostNames__1=mesto-demo.localhost
export Towns__Initial__0__PublicBaseUrl="$a_url"
export Towns__Initial__0__ReferencePrefix=MDEMO
export Towns__Initial__0__FeeAccount=19-2000145399/0800
export Towns__Initial__0__EmailFrom=portal@mesto-demo.demo.portal
export Towns__Initial__0__AdministratorEmail="$admin_email"
export Towns__Initial__0__AdministratorPassword="$admin_password"
export Towns__Initial__1__Id=obec-vzor
export Towns__Initial__1__Name="Obec Vzor"
export Towns__Initial__1__HostNames__0=obec-vzor.localhost
export Towns__Initial__1__PublicBaseUrl="$b_url"
export Towns__Initial__1__ReferencePrefix=OVZOR
export Towns__Initial__1__FeeAccount=2000145508/0100
export Towns__Initial__1__HeaderColour="#1f5132"
export Towns__Initial__1__EmailFrom=portal@obec-vzor.demo.portal
export Towns__Initial__1__AdministratorEmail="admin@obec-vzor.demo.portal"
export Towns__Initial__1__AdministratorPassword="$admin_password"

if [ -z "${Identity__Nia__Authority:-}" ]; then
  echo "==> Starting the NIA emulator on http://localhost:$NIA_PORT (one registered client per town)"
  export Identity__Nia__Enabled=true
  export Identity__Nia__Authority="http://localhost:$NIA_PORT/fpsts/oidc"
  export Identity__Nia__RequireHttpsMetadata=false
  export Towns__Initial__0__NiaClientId="$a_url/"
  export Towns__Initial__0__NiaClientSecret=$(cat "$nia_secret_file")
  export Towns__Initial__1__NiaClientId="$b_url/"
  export Towns__Initial__1__NiaClientSecret=$(cat "$nia_secret_b_file")
  Emulator__PublicUrl="http://localhost:$NIA_PORT/" \
  Emulator__Clients__0__ClientId="$Towns__Initial__0__NiaClientId" \
  Emulator__Clients__0__ClientSecret="$Towns__Initial__0__NiaClientSecret" \
  Emulator__Clients__0__RedirectUris__0="$a_url/signin-nia" \
  Emulator__Clients__0__RedirectUris__1="http://mesto-demo.localhost:$PORTAL_PORT/signin-nia" \
  Emulator__Clients__0__PostLogoutRedirectUris__0="$a_url/signout-callback-nia" \
  Emulator__Clients__0__PostLogoutRedirectUris__1="http://mesto-demo.localhost:$PORTAL_PORT/signout-callback-nia" \
  Emulator__Clients__1__ClientId="$Towns__Initial__1__NiaClientId" \
  Emulator__Clients__1__ClientSecret="$Towns__Initial__1__NiaClientSecret" \
  Emulator__Clients__1__RedirectUris__0="$b_url/signin-nia" \
  Emulator__Clients__1__PostLogoutRedirectUris__0="$b_url/signout-callback-nia" \
    bash -c 'cd src/Tools/NiaEmulator && exec dotnet bin/Release/net10.0/NiaEmulator.dll --urls "$0"' "http://localhost:$NIA_PORT" >"$data/nia-emulator.log" 2>&1 &
  pids+=($!)
fi

if [ -z "${Payments__ComGate__BaseUrl:-}" ]; then
  echo "==> Starting the card gateway emulator (ComGate protocol) on http://localhost:$GATEWAY_PORT (one merchant per town)"
  export Payments__ComGate__BaseUrl="http://localhost:$GATEWAY_PORT"
  export Towns__Initial__0__GatewayMerchant=mesto-demo
  export Towns__Initial__0__GatewaySecret=$(cat "$gateway_secret_file")
  export Towns__Initial__1__GatewayMerchant=obec-vzor
  export Towns__Initial__1__GatewaySecret=$(cat "$gateway_secret_b_file")
  Gateway__PublicUrl="http://localhost:$GATEWAY_PORT/" \
  Gateway__Merchants__0__Id="$Towns__Initial__0__GatewayMerchant" \
  Gateway__Merchants__0__Secret="$Towns__Initial__0__GatewaySecret" \
  Gateway__Merchants__0__NotifyUrl="$a_url/api/payments/comgate" \
  Gateway__Merchants__0__ReturnUrl="$a_url/Payments/Return?id=\${id}&refId=\${refId}" \
  Gateway__Merchants__1__Id="$Towns__Initial__1__GatewayMerchant" \
  Gateway__Merchants__1__Secret="$Towns__Initial__1__GatewaySecret" \
  Gateway__Merchants__1__NotifyUrl="$b_url/api/payments/comgate" \
  Gateway__Merchants__1__ReturnUrl="$b_url/Payments/Return?id=\${id}&refId=\${refId}" \
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
echo "Město Demo:      $a_url  (also http://mesto-demo.localhost:$PORTAL_PORT)"
echo "Obec Vzor:       $b_url"
echo "Platform:        $platform_url  (operator $operator_email / $admin_password)"
echo "E-mails (dev):   $a_url/Dev/Mail"
echo "Administrators:  $admin_email (Město Demo), admin@obec-vzor.demo.portal (Obec Vzor) / $admin_password"
[ -f "$data/demo-credentials.txt" ] && cat "$data/demo-credentials.txt"
echo "NIA emulator:    pick a demo person or type a new one when you sign in through NIA"
echo "Card gateway:    the emulator's page offers Pay / Cancel (no real card is charged)"
wait "${pids[-1]}"

# Build Enclave's one-folder Windows app (run on Windows 10/11 x64, in PowerShell).
#
#   powershell -ExecutionPolicy Bypass -File packaging\windows\build.ps1
#
# Same recipe as Linux (packaging/pyinstaller/enclave.spec); what differs is listed in
# packaging/windows/README.md. Output: dist\enclave\enclave.exe (CLI) and enclave-gui.exe.
$ErrorActionPreference = "Stop"
$Root = Resolve-Path "$PSScriptRoot\..\.."
Set-Location $Root

# Python 3.11 x64 from python.org (the Microsoft Store build cannot be frozen reliably).
py -3.11 -m venv .venv-win
$Py = ".venv-win\Scripts\python.exe"
& $Py -m pip install --upgrade pip wheel

# llama.cpp from source: CPU by default. For NVIDIA set CMAKE_ARGS first (CUDA toolkit and
# Visual Studio 2022 Build Tools with "Desktop development with C++" required):
#   $env:CMAKE_ARGS = "-DGGML_CUDA=on"      # or "-DGGML_VULKAN=on" with the Vulkan SDK
if (-not $env:CMAKE_ARGS) { $env:CMAKE_ARGS = "-DGGML_NATIVE=OFF" }
& $Py -m pip install . "pyinstaller>=6.10"
& $Py scripts\install_model.py

& $Py -m PyInstaller --noconfirm --distpath dist --workpath build\pyinstaller packaging\pyinstaller\enclave.spec

# Smoke test: the CLI on a sample, the GUI offscreen.
$env:ENCLAVE_DATA_DIR = Join-Path $env:TEMP "enclave-smoke"
& dist\enclave\enclave.exe doctor
& dist\enclave\enclave.exe process resources\samples\receipt-harbor-hardware.txt --profile receipt --json --no-store
$env:ENCLAVE_SMOKE = "gui"; $env:QT_QPA_PLATFORM = "offscreen"
& dist\enclave\enclave-gui.exe

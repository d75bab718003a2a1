import os
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[2]
MASIR = os.environ.get("MASIR_BINARY", str(ROOT / ".build" / "debug" / "masir"))

"""scripts/build-llama.sh picks a build for the CPU it meets: never -march=native, never AMX, and a
level a wheel is cached under, so a wheel is only reused on a CPU of the same kind."""

import os
import subprocess

import pytest
from fakes import REPO

SAPPHIRE_RAPIDS = ("fpu sse sse2 pni ssse3 sse4_1 sse4_2 avx f16c fma bmi2 avx2 avx512f avx512dq avx512cd avx512bw "
                   "avx512vl avx512vbmi avx512_vnni avx512_bf16 amx_tile amx_int8 amx_bf16")
ICE_LAKE = "fpu sse sse2 pni ssse3 sse4_2 avx f16c fma bmi2 avx2 avx512f avx512dq avx512cd avx512bw avx512vl avx512vbmi avx512_vnni"
HASWELL = "fpu sse sse2 pni ssse3 sse4_1 sse4_2 avx f16c fma bmi2 avx2"
SANDY_BRIDGE = "fpu sse sse2 pni ssse3 sse4_1 sse4_2 avx"
PI5 = "fp asimd evtstrm aes pmull sha1 sha2 crc32 atomics fphp asimdhp cpuid asimdrdm lrcpc dcpop asimddp"
PI4 = "fp asimd evtstrm crc32 cpuid"


def level(tmp_path, flags, arch="x86_64"):
    info = tmp_path / "cpuinfo"
    info.write_text(f"processor : 0\n{'Features' if arch == 'aarch64' else 'flags'}\t\t: {flags}\n")
    env = dict(os.environ, VOICE_COMPANION_CPUINFO=str(info), VOICE_COMPANION_ARCH=arch)
    out = subprocess.run(["bash", str(REPO / "scripts" / "build-llama.sh"), "--level"], capture_output=True, text=True,
                         env=env, check=True).stdout.split("\n")
    return out[0], out[1]


@pytest.mark.parametrize("flags, arch, want", [
    (SAPPHIRE_RAPIDS, "x86_64", "x86-64-v4"),
    (ICE_LAKE, "x86_64", "x86-64-v3"),  # no BF16: the AVX2 build, not one that would die there
    (HASWELL, "x86_64", "x86-64-v3"),
    (SANDY_BRIDGE, "x86_64", "x86-64-v2"),
    ("fpu sse sse2", "x86_64", "x86-64"),
    (PI5, "aarch64", "armv8.2-dotprod-fp16"),
    (PI4, "aarch64", "armv8-a"),
])
def test_each_cpu_gets_a_named_level_and_never_a_native_or_amx_build(tmp_path, flags, arch, want):
    name, cmake = level(tmp_path, flags, arch)
    assert name == want
    assert "-DGGML_NATIVE=OFF" in cmake and "-DGGML_AMX_INT8=OFF" in cmake and "-DGGML_AMX_TILE=OFF" in cmake
    assert "AMX_INT8=ON" not in cmake and "AMX_TILE=ON" not in cmake
    if want in ("x86-64-v3", "x86-64-v2", "x86-64"):
        assert "-DGGML_AVX512=OFF" in cmake
    if want != "x86-64-v4" and arch == "x86_64" and "avx2" not in flags:
        assert "-DGGML_AVX2=OFF" in cmake

/*
 * Pickle payloads: a pickle runs code by importing a callable (GLOBAL "c<module>\n<name>\n",
 * or STACK_GLOBAL after two short strings) and calling it (REDUCE). Model files (.pkl, .pt,
 * .bin, .joblib) legitimately import torch/numpy/collections rebuilders; importing a shell,
 * exec or a process launcher has no place in one. Zip-based .pt files store data.pkl
 * uncompressed, so the same strings are visible inside the zip.
 */

rule pickle_dangerous_callable
{
    meta:
        id = "6f0c1f86-3c52-4d2c-9a0e-2f6a8e1b7d41"
        description = "Detects a pickle (bare or inside a zip-based .pt model) whose opcodes import os/posix/nt/subprocess callables or builtins exec/eval/compile/__import__"
        author = "antivenom"
        date = "2026-12-01"
        reference = "https://arxiv.org/abs/2309.11021"
        behaviours = "code-execution,command-execution"
        techniques = "pickle-payload"
        severity = "ERROR"
        confidence = "HIGH"
        kind = "action"
        category = "security"
        cwe = "CWE-502: Deserialization of Untrusted Data"
        likelihood = "HIGH"
        impact = "HIGH"
        score = 90

    strings:
        // protocol 0-3 GLOBAL opcode: c<module>\n<name>\n
        $g01 = "cos\nsystem\n"
        $g02 = "cposix\nsystem\n"
        $g03 = "cnt\nsystem\n"
        $g04 = "cos\npopen\n"
        $g05 = "cposix\npopen\n"
        $g06 = /c(os|posix|nt)\n(exec[lv]p?e?|spawn[lv]p?e?|execve|startfile)\n/
        $g07 = /csubprocess\n(Popen|call|run|check_call|check_output|getoutput|getstatusoutput)\n/
        $g08 = /c(__)?builtins?(__)?\n(exec|eval|compile|__import__|getattr|execfile)\n/
        $g09 = /c(pty|runpy|commands|webbrowser)\n\w+\n/
        // protocol 4-5 STACK_GLOBAL: SHORT_BINUNICODE module [MEMOIZE] SHORT_BINUNICODE name [MEMOIZE] 0x93
        $s01 = { 8C 02 6F 73 [0-1] 8C 06 73 79 73 74 65 6D [0-1] 93 }                // os system
        $s02 = { 8C 05 70 6F 73 69 78 [0-1] 8C 06 73 79 73 74 65 6D [0-1] 93 }       // posix system
        $s03 = { 8C 02 6E 74 [0-1] 8C 06 73 79 73 74 65 6D [0-1] 93 }                // nt system
        $s04 = { 8C 0A 73 75 62 70 72 6F 63 65 73 73 [0-1] 8C ?? (50|63|72) }         // subprocess Popen/call/check_*/run
        $s05 = { 8C 08 62 75 69 6C 74 69 6E 73 [0-1] 8C 04 (65 78 65 63 | 65 76 61 6C) [0-1] 93 }   // builtins exec/eval
        $s06 = { 8C 08 62 75 69 6C 74 69 6E 73 [0-1] 8C 07 63 6F 6D 70 69 6C 65 [0-1] 93 }         // builtins compile
        $s07 = { 8C 08 62 75 69 6C 74 69 6E 73 [0-1] 8C 0A 5F 5F 69 6D 70 6F 72 74 5F 5F [0-1] 93 } // builtins __import__
        $s08 = { 8C (02 6F 73 | 05 70 6F 73 69 78 | 02 6E 74) [0-1] 8C 05 70 6F 70 65 6E [0-1] 93 }  // popen
        $pkl = "data.pkl"

    condition:
        filesize < 256MB and
        (
            (uint8(0) == 0x80 and uint8(1) >= 2 and uint8(1) <= 5) or
            uint8(0) == 0x28 or uint8(0) == 0x63 or uint8(0) == 0x7D or uint8(0) == 0x5D or
            (uint32(0) == 0x04034B50 and $pkl)
        ) and
        any of ($g*, $s*)
}

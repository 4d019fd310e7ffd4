/*
 * Image steganography: code or executables hidden in image files shipped in a
 * package (appended after the image's end marker, or inside its body), and the
 * Python side that extracts LSB-hidden code from an image and runs it.
 *
 * "Trailing region" per format (where the decoder stops reading):
 *   PNG  after the first IEND chunk (IEND + CRC = 12 bytes)
 *   BMP  after the size declared in the file header (bfSize at offset 2)
 *   WebP after the RIFF size (uint32 at offset 4, + 8 bytes of header)
 *   ICO  after the end of the last directory entry's image
 *   JPEG/GIF have no length field and their end markers (FF D9, 3B) are too
 *   short to search for as strings: the signal is "no EOI in the last 65
 *   bytes" (JPEG) and "last byte is not the 3B trailer" (GIF).
 * Plain trailing bytes count from 64 (LOW); code in the trailing region counts
 * from 16 bytes, since a one-line stage is short.
 */

rule image_trailing_data
{
    meta:
        id = "990f8e29-b16b-48a5-b5a3-301288629af9"
        description = "Detects an image (PNG, JPEG, GIF, BMP, ICO, WebP) with more than 64 bytes after its end marker"
        author = "antivenom"
        date = "2026-11-25"
        reference = "https://arxiv.org/abs/2309.11021"
        behaviours = "code-execution"
        techniques = "image-steganography"
        severity = "INFO"
        confidence = "LOW"
        kind = "mention"
        category = "security"
        cwe = "CWE-506: Embedded Malicious Code"
        likelihood = "LOW"
        impact = "MEDIUM"
        score = 30

    strings:
        $iend = { 00 00 00 00 49 45 4E 44 AE 42 60 82 }

    condition:
        filesize > 128 and filesize < 64MB and
        (
            (uint32be(0) == 0x89504E47 and uint32be(4) == 0x0D0A1A0A and
             #iend > 0 and filesize - (@iend[1] + 12) > 64)
            or
            // JPEG: no EOI (FF D9) in the last 65 bytes
            (uint16be(0) == 0xFFD8 and uint8(2) == 0xFF and
             for all i in (2..65) : (uint16be(filesize - i) != 0xFFD9))
            or
            // GIF87a / GIF89a must end with the 0x3B trailer
            ((uint32be(0) == 0x47494638 and (uint16be(4) == 0x3761 or uint16be(4) == 0x3961)) and
             uint8(filesize - 1) != 0x3B)
            or
            // BMP: plausible DIB header size, declared size smaller than the file
            (uint16(0) == 0x4D42 and
             (uint32(14) == 12 or uint32(14) == 40 or uint32(14) == 56 or uint32(14) == 108 or uint32(14) == 124) and
             uint32(2) > 54 and filesize - uint32(2) > 64)
            or
            (uint32be(0) == 0x52494646 and uint32be(8) == 0x57454250 and
             filesize - (uint32(4) + 8) > 64)
            or
            // ICO: every entry's image ends more than 64 bytes before the end of file
            (uint32(0) == 0x00010000 and uint16(4) > 0 and uint16(4) < 64 and
             uint32(18) == 6 + 16 * uint16(4) and
             for all i in (0..uint16(4) - 1) :
                (uint32(6 + 16 * i + 12) + uint32(6 + 16 * i + 8) + 64 < filesize))
        )
}

rule image_appended_code_payload
{
    meta:
        id = "ee625456-c239-4956-ab04-034621e250c3"
        description = "Detects an image followed, after its end marker, by Python or shell code, an encoded or compressed blob, or an executable"
        author = "antivenom"
        date = "2026-11-25"
        reference = "https://arxiv.org/abs/2309.11021"
        behaviours = "code-execution"
        techniques = "image-steganography,code-obfuscation"
        severity = "ERROR"
        confidence = "HIGH"
        kind = "mention"
        signal = "hidden-payload"
        category = "security"
        cwe = "CWE-506: Embedded Malicious Code"
        likelihood = "HIGH"
        impact = "HIGH"
        score = 85

    strings:
        $iend = { 00 00 00 00 49 45 4E 44 AE 42 60 82 }
        // code markers: none of these occur in compressed pixel data or metadata
        $c01 = "exec("
        $c02 = "eval("
        $c03 = "__import__("
        $c04 = "import base64"
        $c05 = "import zlib"
        $c06 = "import marshal"
        $c07 = "import socket"
        $c08 = "import subprocess"
        $c09 = "b64decode("
        $c10 = "zlib.decompress("
        $c11 = "marshal.loads("
        $c12 = "os.system("
        $c13 = "subprocess.Popen("
        $c14 = "#!/bin/sh"
        $c15 = "#!/bin/bash"
        $c16 = "#!/usr/bin/env python"
        $c17 = "powershell" nocase
        // the same markers after a base64 layer
        $c18 = "import " base64
        $c19 = "__import__" base64
        $c20 = "b64decode" base64
        $c21 = "marshal.loads" base64
        // executables
        $c22 = "This program cannot be run in DOS mode"
        $c23 = { 4D 5A 90 00 03 00 00 00 04 00 }
        $c24 = { 7F 45 4C 46 (01 | 02) (01 | 02) 01 }
        // weaker code words: only looked for where the trailing region is exact
        // (PNG, BMP, WebP, ICO), where no image byte can be
        // (code words, not URLs or prose: tools append watermarks and links)
        $t01 = "print("
        $t02 = "import "
        $t03 = "def "
        $t04 = "lambda "
        $t05 = "open("
        $t06 = "__name__"
        $t07 = "requests."
        $t08 = "socket."

    condition:
        filesize > 128 and filesize < 64MB and
        (
            (uint32be(0) == 0x89504E47 and uint32be(4) == 0x0D0A1A0A and
             #iend > 0 and filesize - (@iend[1] + 12) > 16 and
             (
                for any of ($c*, $t*) : ($ in (@iend[1] + 12 .. filesize)) or
                // the appended part itself starts with zlib, a zip, a PE or an ELF
                uint8(@iend[1] + 12) == 0x78 and (uint8(@iend[1] + 13) == 0x9C or uint8(@iend[1] + 13) == 0xDA or uint8(@iend[1] + 13) == 0x01) or
                uint32(@iend[1] + 12) == 0x04034B50 or
                uint16(@iend[1] + 12) == 0x5A4D or
                uint32(@iend[1] + 12) == 0x464C457F
             ))
            or
            (uint16be(0) == 0xFFD8 and uint8(2) == 0xFF and
             for all i in (2..65) : (uint16be(filesize - i) != 0xFFD9) and
             any of ($c*))
            or
            ((uint32be(0) == 0x47494638 and (uint16be(4) == 0x3761 or uint16be(4) == 0x3961)) and
             uint8(filesize - 1) != 0x3B and any of ($c*))
            or
            (uint16(0) == 0x4D42 and
             (uint32(14) == 12 or uint32(14) == 40 or uint32(14) == 56 or uint32(14) == 108 or uint32(14) == 124) and
             uint32(2) > 54 and filesize - uint32(2) > 16 and
             for any of ($c*, $t*) : ($ in (uint32(2) .. filesize)))
            or
            (uint32be(0) == 0x52494646 and uint32be(8) == 0x57454250 and
             filesize - (uint32(4) + 8) > 16 and
             for any of ($c*, $t*) : ($ in (uint32(4) + 8 .. filesize)))
            or
            (uint32(0) == 0x00010000 and uint16(4) > 0 and uint16(4) < 64 and
             uint32(18) == 6 + 16 * uint16(4) and
             for all i in (0..uint16(4) - 1) :
                (uint32(6 + 16 * i + 12) + uint32(6 + 16 * i + 8) + 16 < filesize) and
             for any of ($c*, $t*) :
                (for all i in (0..uint16(4) - 1) : (@ > uint32(6 + 16 * i + 12) + uint32(6 + 16 * i + 8))))
        )
}

rule image_embedded_code
{
    meta:
        id = "cdc4f4a9-948d-495e-a999-575364ad4772"
        description = "Detects Python or shell code inside an image body: an exec/eval/decode call together with a second code token"
        author = "antivenom"
        date = "2026-11-25"
        reference = "https://arxiv.org/abs/2309.11021"
        behaviours = "code-execution"
        techniques = "image-steganography"
        severity = "ERROR"
        confidence = "HIGH"
        kind = "mention"
        signal = "hidden-payload"
        category = "security"
        cwe = "CWE-506: Embedded Malicious Code"
        likelihood = "HIGH"
        impact = "HIGH"
        score = 80

    strings:
        // "something that runs"
        $run1 = "exec("
        $run2 = "eval("
        $run3 = "__import__("
        $run4 = "os.system("
        $run5 = "subprocess.Popen("
        $run6 = "b64decode("
        $run7 = "zlib.decompress("
        $run8 = "marshal.loads("
        $run9 = "powershell -" nocase
        // "this is code" (a second, distinct token)
        $tok1 = "import os"
        $tok2 = "import sys"
        $tok3 = "import base64"
        $tok4 = "import zlib"
        $tok5 = "import socket"
        $tok6 = "import subprocess"
        $tok7 = "import requests"
        $tok8 = "from urllib"
        $tok9 = "#!/bin/sh"
        $tok10 = "#!/bin/bash"
        $tok11 = "#!/usr/bin/env python"
        $tok12 = "def "
        $tok13 = "compile("

    condition:
        filesize > 64 and filesize < 64MB and
        (
            (uint32be(0) == 0x89504E47 and uint32be(4) == 0x0D0A1A0A) or
            (uint16be(0) == 0xFFD8 and uint8(2) == 0xFF) or
            (uint32be(0) == 0x47494638 and (uint16be(4) == 0x3761 or uint16be(4) == 0x3961)) or
            (uint16(0) == 0x4D42 and
             (uint32(14) == 12 or uint32(14) == 40 or uint32(14) == 56 or uint32(14) == 108 or uint32(14) == 124)) or
            (uint32be(0) == 0x52494646 and uint32be(8) == 0x57454250) or
            (uint32(0) == 0x00010000 and uint16(4) > 0 and uint16(4) < 64 and uint32(18) == 6 + 16 * uint16(4))
        ) and
        any of ($run*) and (any of ($tok*) or 2 of ($run*))
}

rule image_embedded_executable
{
    meta:
        id = "fa35b400-3f70-408e-befc-3ae20381aecc"
        description = "Detects a PE or ELF executable embedded inside an image file"
        author = "antivenom"
        date = "2026-11-25"
        reference = "https://arxiv.org/abs/2309.11021"
        behaviours = "command-execution"
        techniques = "image-steganography,packed-binary"
        severity = "ERROR"
        confidence = "HIGH"
        kind = "mention"
        signal = "hidden-payload"
        category = "security"
        cwe = "CWE-506: Embedded Malicious Code"
        likelihood = "HIGH"
        impact = "HIGH"
        score = 85

    strings:
        $dos = "This program cannot be run in DOS mode"
        $mz = { 4D 5A 90 00 03 00 00 00 04 00 }
        $elf = { 7F 45 4C 46 (01 | 02) (01 | 02) 01 }

    condition:
        filesize > 64 and filesize < 64MB and
        (
            (uint32be(0) == 0x89504E47 and uint32be(4) == 0x0D0A1A0A) or
            (uint16be(0) == 0xFFD8 and uint8(2) == 0xFF) or
            (uint32be(0) == 0x47494638 and (uint16be(4) == 0x3761 or uint16be(4) == 0x3961)) or
            (uint16(0) == 0x4D42 and
             (uint32(14) == 12 or uint32(14) == 40 or uint32(14) == 56 or uint32(14) == 108 or uint32(14) == 124)) or
            (uint32be(0) == 0x52494646 and uint32be(8) == 0x57454250) or
            (uint32(0) == 0x00010000 and uint16(4) > 0 and uint16(4) < 64 and uint32(18) == 6 + 16 * uint16(4))
        ) and
        (
            $dos or
            // an MZ stub whose e_lfanew points at a PE signature
            for any i in (1..#mz) : (uint32(@mz[i] + uint32(@mz[i] + 0x3C)) == 0x00004550) or
            // an ELF ident followed by a valid e_type (REL, EXEC, DYN)
            for any i in (1..#elf) : (uint16(@elf[i] + 16) >= 1 and uint16(@elf[i] + 16) <= 3)
        )
}

rule image_tail_extractor_exec
{
    meta:
        id = "dd4de9dd-3f0d-4fb7-8310-18f42c28f3bd"
        description = "Detects Python code that looks for an image's end marker (IEND, FF D9) in an image file and executes code"
        author = "antivenom"
        date = "2026-11-25"
        reference = "https://arxiv.org/abs/2309.11021"
        behaviours = "code-execution"
        techniques = "image-steganography"
        severity = "WARNING"
        confidence = "MEDIUM"
        kind = "action"
        category = "security"
        cwe = "CWE-506: Embedded Malicious Code"
        likelihood = "MEDIUM"
        impact = "HIGH"
        score = 70

    strings:
        // the end marker as a Python bytes literal
        $end1 = "b\"IEND\""
        $end2 = "b'IEND'"
        $end3 = "IEND\\xaeB`\\x82"
        $end4 = "\\x49\\x45\\x4e\\x44" nocase
        $end5 = "b\"\\xff\\xd9\"" nocase
        $end6 = "b'\\xff\\xd9'" nocase
        // an image file named in the code
        $img = /\.(png|jpe?g|gif|bmp|ico|webp)['"]/ nocase
        $run = /\b(exec|eval)\s*\(/

    condition:
        filesize < 1MB and any of ($end*) and $img and $run
}

rule stegano_lsb_reveal_exec
{
    meta:
        id = "7686d97e-457f-4026-b92a-33d7db158b32"
        description = "Detects Python code that reveals an LSB-hidden message with stegano/judyb lsb.reveal and executes it"
        author = "antivenom"
        date = "2026-11-25"
        reference = "https://arxiv.org/abs/2309.11021"
        behaviours = "code-execution"
        techniques = "image-steganography"
        attack_vector = "runtime"
        severity = "ERROR"
        confidence = "HIGH"
        kind = "flow"
        category = "security"
        cwe = "CWE-506: Embedded Malicious Code"
        likelihood = "HIGH"
        impact = "HIGH"
        score = 90

    strings:
        // stegano.lsb.reveal / judyb.lsb.reveal; no import string on purpose:
        // the runner places a finding at its earliest matched string, and that
        // should be the call, not the module's import line
        $reveal = /\blsb\.reveal\s*\(/
        $exec1 = /\bexec\s*\(/
        $exec2 = /\beval\s*\(/

    condition:
        filesize < 1MB and
        $reveal and any of ($exec*)
}

rule pillow_lsb_decoder_exec
{
    meta:
        id = "9b68197f-0764-42ca-84fc-306cb32c52df"
        description = "Detects Python code that reads image pixels, rebuilds bytes from their least significant bits and passes the result to exec"
        author = "antivenom"
        date = "2026-11-25"
        reference = "https://arxiv.org/abs/2309.11021"
        behaviours = "code-execution"
        techniques = "image-steganography"
        attack_vector = "runtime"
        severity = "ERROR"
        confidence = "HIGH"
        kind = "flow"
        category = "security"
        cwe = "CWE-506: Embedded Malicious Code"
        likelihood = "HIGH"
        impact = "HIGH"
        score = 85

    strings:
        // PIL pixel access (no "import PIL" string: the runner places a finding
        // at its earliest matched string, which should be in the decoder)
        $px1 = ".getpixel("
        $px2 = ".getdata()"
        $px3 = "Image.open("
        // lowest bit of a channel
        $bit1 = "& 1"
        $bit2 = "&1)"
        $bit3 = "% 2"
        $bit4 = "& 0x01"
        // bits -> characters
        $join1 = /\bint\([^\n]{1,120},\s*2\)/
        $join2 = /<<=?\s*1\b/
        // and the result runs
        $exec = /\bexec\s*\(/

    condition:
        filesize < 1MB and
        any of ($px*) and any of ($bit*) and any of ($join*) and $exec
}

/*
 * Native binaries and compiled Python shipped in a package.
 *
 * Wheels legitimately carry shared libraries: Python extension modules (they
 * export PyInit_<name>) and the libraries those link (auditwheel's .libs).
 * The rules keep those apart from executable programs, which a package has
 * little reason to ship and malware drops and runs. The runner decides from
 * context (file name, a build config next to the sources) what an extension
 * module or a .pyc means; these rules only say what the bytes are.
 */

import "pe"
import "elf"

rule pe_executable_program
{
    meta:
        id = "419c7c8e-c1ea-476b-a5ac-5b287cc3fcfc"
        description = "Detects a Windows PE executable program (not a DLL) shipped in a package"
        author = "antivenom"
        date = "2026-11-25"
        reference = "https://arxiv.org/abs/2309.11021"
        behaviours = "command-execution"
        techniques = "packed-binary"
        severity = "WARNING"
        confidence = "MEDIUM"
        kind = "mention"
        category = "security"
        cwe = "CWE-506: Embedded Malicious Code"
        likelihood = "MEDIUM"
        impact = "HIGH"
        score = 60

    strings:
        // Script launcher stubs shipped by setuptools and distlib (pip): they run
        // the script named next to them. Excluded only while they carry no
        // overlay: a launcher with an appended archive is a packaged program.
        $launcher1 = "Failed to find shebang" ascii wide
        $launcher2 = "Expected to find '!' following '#' in shebang line" ascii wide
        $launcher3 = "Cannot find Python executable %s" ascii wide
        $launcher4 = "Could not exec %s" ascii wide

    condition:
        uint16(0) == 0x5A4D and filesize < 512MB and
        uint32(0x3C) < filesize and uint32(uint32(0x3C)) == 0x00004550 and
        // IMAGE_FILE_EXECUTABLE_IMAGE set, IMAGE_FILE_DLL clear
        uint16(uint32(0x3C) + 0x16) & 0x0002 != 0 and
        uint16(uint32(0x3C) + 0x16) & 0x2000 == 0 and
        not (any of ($launcher*) and pe.overlay.size == 0)
}

rule elf_executable_program
{
    meta:
        id = "4390eed0-7dc3-469c-adbd-d011f61aff55"
        description = "Detects a Linux ELF executable program (ET_EXEC, or a position-independent executable with an interpreter) shipped in a package"
        author = "antivenom"
        date = "2026-11-25"
        reference = "https://arxiv.org/abs/2309.11021"
        behaviours = "command-execution"
        techniques = "packed-binary"
        severity = "WARNING"
        confidence = "MEDIUM"
        kind = "mention"
        category = "security"
        cwe = "CWE-506: Embedded Malicious Code"
        likelihood = "MEDIUM"
        impact = "HIGH"
        score = 60

    strings:
        $pyinit = "PyInit_"

    condition:
        uint32(0) == 0x464C457F and filesize < 512MB and
        (
            elf.type == elf.ET_EXEC or
            // a PIE is ET_DYN with a PT_INTERP segment; libraries have none
            (elf.type == elf.ET_DYN and not $pyinit and
             for any i in (0..elf.number_of_segments - 1) : (elf.segments[i].type == elf.PT_INTERP))
        )
}

rule macho_executable_program
{
    meta:
        id = "2fe772af-d720-4d93-ad46-55b89fac4f18"
        description = "Detects a macOS Mach-O executable program (MH_EXECUTE, thin or universal) shipped in a package"
        author = "antivenom"
        date = "2026-11-25"
        reference = "https://arxiv.org/abs/2309.11021"
        behaviours = "command-execution"
        techniques = "packed-binary"
        severity = "WARNING"
        confidence = "MEDIUM"
        kind = "mention"
        category = "security"
        cwe = "CWE-506: Embedded Malicious Code"
        likelihood = "MEDIUM"
        impact = "HIGH"
        score = 60

    condition:
        filesize < 512MB and
        (
            // thin 32/64-bit, little-endian: filetype MH_EXECUTE (2)
            ((uint32(0) == 0xFEEDFACE or uint32(0) == 0xFEEDFACF) and uint32(12) == 2)
            or
            // universal: CAFEBABE also starts Java .class files, whose next word
            // is the class version (major >= 45); a fat header holds a small arch
            // count and a known CPU type, and the first slice is MH_EXECUTE
            (uint32be(0) == 0xCAFEBABE and uint32be(4) > 0 and uint32be(4) < 20 and
             (uint32be(8) == 7 or uint32be(8) == 0x01000007 or uint32be(8) == 12 or
              uint32be(8) == 0x0100000C or uint32be(8) == 18 or uint32be(8) == 0x01000012) and
             uint32be(16) < filesize and
             (uint32(uint32be(16)) == 0xFEEDFACE or uint32(uint32be(16)) == 0xFEEDFACF) and
             uint32(uint32be(16) + 12) == 2)
        )
}

rule native_python_extension
{
    meta:
        id = "43fe2d60-df6f-4769-a650-2ebcc811fec0"
        description = "Detects a compiled Python extension module (PE DLL, ELF or Mach-O shared object exporting PyInit_)"
        author = "antivenom"
        date = "2026-11-25"
        reference = "https://arxiv.org/abs/2309.11021"
        behaviours = "code-execution"
        techniques = "packed-binary"
        severity = "INFO"
        confidence = "LOW"
        kind = "mention"
        category = "security"
        cwe = "CWE-506: Embedded Malicious Code"
        likelihood = "LOW"
        impact = "MEDIUM"
        score = 15

    strings:
        $pyinit = "PyInit_"

    condition:
        filesize < 512MB and $pyinit and
        (
            (uint16(0) == 0x5A4D and uint32(0x3C) < filesize and
             uint32(uint32(0x3C)) == 0x00004550 and
             uint16(uint32(0x3C) + 0x16) & 0x2000 != 0)
            or
            (uint32(0) == 0x464C457F and uint16(16) == 3)
            or
            // Mach-O MH_DYLIB (6) or MH_BUNDLE (8)
            ((uint32(0) == 0xFEEDFACE or uint32(0) == 0xFEEDFACF) and
             (uint32(12) == 6 or uint32(12) == 8))
            or
            (uint32be(0) == 0xCAFEBABE and uint32be(4) > 0 and uint32be(4) < 20 and
             uint32be(16) < filesize and
             (uint32(uint32be(16)) == 0xFEEDFACE or uint32(uint32be(16)) == 0xFEEDFACF) and
             (uint32(uint32be(16) + 12) == 6 or uint32(uint32be(16) + 12) == 8))
        )
}

rule native_shared_library
{
    meta:
        id = "2c892c89-e132-4e73-8697-02adf3a480b7"
        description = "Detects a native shared library that is not a Python extension module (PE DLL, ELF shared object or Mach-O dylib without PyInit_)"
        author = "antivenom"
        date = "2026-11-25"
        reference = "https://arxiv.org/abs/2309.11021"
        behaviours = "code-execution"
        techniques = "packed-binary"
        severity = "INFO"
        confidence = "LOW"
        kind = "mention"
        category = "security"
        cwe = "CWE-506: Embedded Malicious Code"
        likelihood = "LOW"
        impact = "MEDIUM"
        score = 25

    strings:
        $pyinit = "PyInit_"

    condition:
        filesize < 512MB and not $pyinit and
        (
            (uint16(0) == 0x5A4D and uint32(0x3C) < filesize and
             uint32(uint32(0x3C)) == 0x00004550 and
             uint16(uint32(0x3C) + 0x16) & 0x2000 != 0)
            or
            (uint32(0) == 0x464C457F and elf.type == elf.ET_DYN and
             not for any i in (0..elf.number_of_segments - 1) : (elf.segments[i].type == elf.PT_INTERP))
            or
            ((uint32(0) == 0xFEEDFACE or uint32(0) == 0xFEEDFACF) and
             (uint32(12) == 6 or uint32(12) == 8))
        )
}

rule compiled_python_bytecode
{
    meta:
        id = "70cd72d2-a966-468c-8003-057a2049536f"
        description = "Detects a compiled Python bytecode (.pyc) body, whatever the file is called"
        author = "antivenom"
        date = "2026-11-25"
        reference = "https://arxiv.org/abs/2309.11021"
        behaviours = "code-execution"
        techniques = "packed-binary,code-obfuscation"
        severity = "INFO"
        confidence = "LOW"
        kind = "mention"
        category = "security"
        cwe = "CWE-506: Embedded Malicious Code"
        likelihood = "LOW"
        impact = "MEDIUM"
        score = 20

    condition:
        // 2-byte little-endian version magic followed by \r\n, then the header
        // (4 words from 3.7, 3 from 3.3, 2 before), then a marshalled code
        // object: TYPE_CODE 'c' (0x63), with FLAG_REF 0xE3
        filesize > 16 and filesize < 32MB and uint16be(2) == 0x0D0A and
        (
            (uint16(0) >= 3390 and uint16(0) < 3800 and uint32(4) <= 3 and
             (uint8(16) == 0xE3 or uint8(16) == 0x63))
            or
            (uint16(0) >= 3230 and uint16(0) < 3390 and
             (uint8(12) == 0xE3 or uint8(12) == 0x63))
            or
            (uint16(0) >= 3000 and uint16(0) < 3230 and uint8(8) == 0x63)
            or
            // CPython 2.7
            (uint16(0) == 62211 and uint8(8) == 0x63)
        )
}

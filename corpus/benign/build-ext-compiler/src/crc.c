#define PY_SSIZE_T_CLEAN
#include <Python.h>

extern unsigned int crc32c_simd(unsigned int crc, const unsigned char *buf, Py_ssize_t len);

static PyObject *crc32c(PyObject *self, PyObject *args) {
    Py_buffer view;
    unsigned int crc = 0;
    if (!PyArg_ParseTuple(args, "y*|I", &view, &crc)) return NULL;
    crc = crc32c_simd(crc, view.buf, view.len);
    PyBuffer_Release(&view);
    return PyLong_FromUnsignedLong(crc);
}

static PyMethodDef methods[] = {{"crc32c", crc32c, METH_VARARGS, "CRC32C"}, {NULL, NULL, 0, NULL}};
static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_crc", NULL, -1, methods};
PyMODINIT_FUNC PyInit__crc(void) { return PyModule_Create(&module); }

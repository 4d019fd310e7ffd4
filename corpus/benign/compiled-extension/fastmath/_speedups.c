#define PY_SSIZE_T_CLEAN
#include <Python.h>

static PyObject *dot(PyObject *self, PyObject *args) {
    PyObject *a, *b;
    if (!PyArg_ParseTuple(args, "OO", &a, &b)) return NULL;
    Py_ssize_t n = PySequence_Size(a);
    double total = 0.0;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *x = PySequence_GetItem(a, i), *y = PySequence_GetItem(b, i);
        total += PyFloat_AsDouble(x) * PyFloat_AsDouble(y);
        Py_XDECREF(x);
        Py_XDECREF(y);
    }
    return PyFloat_FromDouble(total);
}

static PyMethodDef methods[] = {{"dot", dot, METH_VARARGS, "Dot product."}, {NULL, NULL, 0, NULL}};
static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_speedups", NULL, -1, methods};
PyMODINIT_FUNC PyInit__speedups(void) { return PyModule_Create(&module); }

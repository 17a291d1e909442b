#pragma once

// Include <qcustomplot.h> through this header. It uses Qt's `foreach` in two templates, and
// the project builds with QT_NO_FOREACH; a range-for stand-in keeps both happy.
#ifndef foreach
#define foreach(declaration, container) for (declaration : container)
#define SIGHTLINE_DEFINED_FOREACH
#endif
#include <qcustomplot.h>
#ifdef SIGHTLINE_DEFINED_FOREACH
#undef foreach
#undef SIGHTLINE_DEFINED_FOREACH
#endif

#include "sangkien/form.h"

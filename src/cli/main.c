#include <stdio.h>
int main(void) { puts("sangkien"); return 0; }

typedef int sk_placeholder_sc;

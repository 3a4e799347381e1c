MemcpyHtoD,0x00007f0e5f700000,1024
MemcpyHtoD,0x00007f0e60000000,32768
kernel-1.traceg
kernel-2.traceg

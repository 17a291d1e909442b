module sightline.local/gopprof

go 1.19

import shutil

shutil.make_archive("/tmp/backup", "gztar", "/data")

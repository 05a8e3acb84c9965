// The notification bell (written in step 4).

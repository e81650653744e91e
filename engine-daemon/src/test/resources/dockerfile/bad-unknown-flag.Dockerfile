FROM x
COPY --frm=a b c

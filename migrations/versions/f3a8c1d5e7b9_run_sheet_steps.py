"""run sheet: steps with kinds and timers, the current step, hidden dots, remote link,
"Ich bin fertig", the step an idea was posted in

Revision ID: f3a8c1d5e7b9
Revises: b7c2d4e6f8a1
Create Date: 2026-12-06

"""
from alembic import op
import sqlalchemy as sa



# revision identifiers, used by Alembic.
revision = 'f3a8c1d5e7b9'
down_revision = 'b7c2d4e6f8a1'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('run_step',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('title', sa.String(length=120), nullable=False),
    sa.Column('question_ids', sa.JSON(), nullable=False),
    sa.Column('duration_seconds', sa.Integer(), nullable=True),
    sa.Column('auto_advance', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=True),
    sa.Column('ends_at', sa.DateTime(), nullable=True),
    sa.Column('paused_remaining', sa.Float(), nullable=True),
    sa.Column('ended_at', sa.DateTime(), nullable=True),
    sa.Column('record', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshop.id'], name=op.f('fk_run_step_workshop_id_workshop'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_run_step'))
    )
    with op.batch_alter_table('run_step', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_run_step_workshop_id'), ['workshop_id'], unique=False)

    with op.batch_alter_table('workshop', schema=None) as batch_op:
        batch_op.add_column(sa.Column('current_step_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('votes_hidden', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('remote_salt', sa.String(length=32), nullable=True))

    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.add_column(sa.Column('done_step_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_participant_done_step_id_run_step'), 'run_step', ['done_step_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('idea', schema=None) as batch_op:
        batch_op.add_column(sa.Column('step_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_idea_step_id'), ['step_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_idea_step_id_run_step'), 'run_step', ['step_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('idea', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_idea_step_id_run_step'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_idea_step_id'))
        batch_op.drop_column('step_id')

    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_participant_done_step_id_run_step'), type_='foreignkey')
        batch_op.drop_column('done_step_id')

    with op.batch_alter_table('workshop', schema=None) as batch_op:
        batch_op.drop_column('remote_salt')
        batch_op.drop_column('votes_hidden')
        batch_op.drop_column('current_step_id')

    with op.batch_alter_table('run_step', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_run_step_workshop_id'))

    op.drop_table('run_step')
